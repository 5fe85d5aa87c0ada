// Runs one server process for the contract tests and guarantees it does not outlive the test host.
//
//   node supervise.js <command> [args...]
//
// The test host starts this script with a redirected stdin and never writes to it. When the test
// host exits, for any reason including SIGKILL, the pipe closes, stdin ends, and the child is
// stopped (SIGTERM, then SIGKILL after 3 s). The child's stdout and stderr are passed through.
'use strict';

const { spawn } = require('node:child_process');

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node supervise.js <command> [args...]');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], windowsHide: true });
let stopping = false;

function stop() {
  if (stopping) {
    return;
  }
  stopping = true;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  }
}

child.on('error', (error) => {
  console.error(`supervise.js: cannot start '${command}': ${error.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 128 : 0));
});

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, stop);
}
