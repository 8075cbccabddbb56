// Preloaded with `node --require` (through NODE_OPTIONS, so every Node child process inherits it) by
// test/deploy/fresh-copy.ts: records the absolute path of every file a process reads or lists through node:fs
// (CommonJS module loads included, as Node's loader reads sources with fs.readFileSync) and, on exit, writes them
// to <SLA_FILE_READS_DIR>/<pid>.txt. Native code (esbuild, rolldown) reads without node:fs and is not seen;
// the copy's missing parent folders catch what it would read there.
'use strict';
const fs = require('node:fs');
const { join, resolve } = require('node:path');
const { fileURLToPath } = require('node:url');

const dir = process.env.SLA_FILE_READS_DIR;
if (dir) {
  const seen = new Set();
  const note = (target) => {
    try {
      if (typeof target === 'string') seen.add(resolve(target));
      else if (target instanceof URL && target.protocol === 'file:') seen.add(fileURLToPath(target));
      else if (Buffer.isBuffer(target)) seen.add(resolve(target.toString()));
    } catch {
      // A path this recorder cannot read is the caller's problem, not the recording's.
    }
  };
  const wrap = (owner, name) => {
    const original = owner[name];
    if (typeof original !== 'function') return;
    owner[name] = function recorded(target, ...rest) {
      note(target);
      return original.call(this, target, ...rest);
    };
  };
  for (const name of [
    'readFileSync',
    'readFile',
    'openSync',
    'open',
    'createReadStream',
    'readdirSync',
    'readdir',
    'opendirSync',
    'opendir',
  ]) {
    wrap(fs, name);
  }
  for (const name of ['readFile', 'open', 'readdir', 'opendir']) wrap(fs.promises, name);
  process.on('exit', () => {
    fs.writeFileSync(join(dir, `${process.pid}.txt`), [...seen].join('\n'));
  });
}
