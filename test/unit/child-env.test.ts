import { childEnv } from '../../src/runners/worker-process';
import { uvThreadpoolSize } from '../../src/runners/budget';

describe("childEnv: the worker process's environment", () => {
  const base = { PATH: '/usr/bin', HOME: '/home/u', NODE_OPTIONS: '--enable-source-maps' };

  test.each([
    {
      name: 'nothing set: libvips settings added, the rest kept',
      given: base,
      concurrency: 2,
      expected: { ...base, MALLOC_ARENA_MAX: '2', UV_THREADPOOL_SIZE: String(uvThreadpoolSize(2)) },
    },
    {
      name: "the user's own settings win",
      given: { ...base, MALLOC_ARENA_MAX: '8', UV_THREADPOOL_SIZE: '16' },
      concurrency: 2,
      expected: { ...base, MALLOC_ARENA_MAX: '8', UV_THREADPOOL_SIZE: '16' },
    },
    {
      name: 'a CA bundle for TLS is not passed on (parsed at every node start; the child opens no connection)',
      given: { ...base, NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', SSL_CERT_FILE: '/etc/ssl/cert.pem' },
      concurrency: 8,
      expected: { ...base, SSL_CERT_FILE: '/etc/ssl/cert.pem', MALLOC_ARENA_MAX: '2', UV_THREADPOOL_SIZE: String(uvThreadpoolSize(8)) },
    },
  ])('$name', ({ given, concurrency, expected }) => {
    expect(childEnv(given, concurrency)).toEqual(expected);
  });

  test('the given environment is not changed', () => {
    const given = { ...base, NODE_EXTRA_CA_CERTS: '/x.crt' };
    childEnv(given, 2);
    expect(given).toEqual({ ...base, NODE_EXTRA_CA_CERTS: '/x.crt' });
  });
});
