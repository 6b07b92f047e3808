export { packageVersion } from '../batch/versions';
