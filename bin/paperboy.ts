#!/usr/bin/env node
import { main } from '../src/main.js';

// The one place that touches the real process: arguments, streams and the exit code.
const code = await main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
