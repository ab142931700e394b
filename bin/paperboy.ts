#!/usr/bin/env node
import { main } from '../src/main.js';

// The one place that touches the real process: arguments, streams and the exit code.
// A closed pipe (`npm start -- --exec today | head`) is the reader saying "enough",
// not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
process.exitCode = code;
