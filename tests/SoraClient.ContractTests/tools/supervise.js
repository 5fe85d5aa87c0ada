// Runs one server process for the contract tests and guarantees it does not outlive the test host.
//
//   node supervise.js [--remove-on-exit DIR] <command> [args...]
//
// The test host starts this script with a redirected stdin and never writes to it. When the test
// host exits, for any reason including SIGKILL (vstest kills its test host at the end of a run),
// the pipe closes, stdin ends, and the child is stopped (SIGTERM, then SIGKILL after 3 s). Once the
// child has exited, DIR (a temporary folder of the server) is deleted. The child's stdout and
// stderr are passed through.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');

const argv = process.argv.slice(2);
let removeOnExit = null;
if (argv[0] === '--remove-on-exit') {
  removeOnExit = argv[1];
  argv.splice(0, 2);
}

const [command, ...args] = argv;
if (!command) {
  console.error('usage: node supervise.js [--remove-on-exit DIR] <command> [args...]');
  process.exit(2);
}

function cleanUp() {
  if (removeOnExit) {
    try {
      fs.rmSync(removeOnExit, { recursive: true, force: true });
    } catch {
      // best effort: it is a temporary folder
    }
  }
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
  cleanUp();
  process.exit(127);
});
child.on('exit', (code, signal) => {
  cleanUp();
  process.exit(code ?? (signal ? 128 : 0));
});

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, stop);
}
