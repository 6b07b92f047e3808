'use strict';
// The job imgbatch's worker gets for one input in the bench scripts that drive the worker code
// directly (phases.js, lanes.js): JPEG q85 and the suite's resize or thumbnail, as every tool is asked.

const OPS = { resize: { op: 'resize', width: 800, height: 600 }, thumbnail: { op: 'thumbnail', size: 150 } };

/** A job with imgbatch's defaults for `input` → `output` (under `outputRoot`), `op` one of OPS. */
function benchJob({ id, input, output, outputRoot, op, timeoutSeconds = 0, bytes }) {
  return {
    id,
    input,
    ...(bytes === undefined ? {} : { bytes }),
    outputs: [{ path: output, ops: [OPS[op]], format: 'jpeg', quality: 85 }],
    outputRoot,
    optimizeCoding: 'auto',
    keepMetadata: false,
    maxPixels: 268402689,
    skipExisting: false,
    allowSvg: false,
    timeoutSeconds,
  };
}

module.exports = { OPS, benchJob };
