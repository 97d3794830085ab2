#!/usr/bin/env node
// dfl_probe.js PEER_DIR < file-list
// Runs dockerfilelint's own lint function (PEER_DIR/node_modules/dockerfilelint)
// on each file named on stdin, the way its CLI does, but catches exceptions per
// file. Prints the files it throws on (one per line) to stdout and a summary on
// stderr. run.sh uses it only to pick the files the stock CLI can get through:
// dockerfilelint 1.8.0 aborts the whole run on e.g. `HEALTHCHECK CMD ...`
// without options (upstream issue replicatedhq/dockerfilelint#156).
'use strict';
const fs = require('fs');
const path = require('path');
const peer = process.argv[2];
if (!peer) {
  console.error('usage: dfl_probe.js PEER_DIR < file-list');
  process.exit(2);
}
const dfl = require(path.resolve(peer, 'node_modules', 'dockerfilelint', 'lib', 'index.js'));
const files = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
const reasons = {};
let crashed = 0;
for (const f of files) {
  try {
    dfl.run(path.resolve(path.dirname(f)), fs.readFileSync(f, 'utf8'));
  } catch (e) {
    crashed++;
    const why = String(e && e.message || e);
    reasons[why] = (reasons[why] || 0) + 1;
    process.stdout.write(f + '\n');
  }
}
for (const [why, n] of Object.entries(reasons))
  console.error('dfl_probe: ' + n + ' file(s): ' + why);
console.error('dfl_probe: ' + crashed + ' of ' + files.length + ' files crash dockerfilelint');
