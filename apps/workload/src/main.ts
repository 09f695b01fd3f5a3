#!/usr/bin/env node
import 'reflect-metadata';
import { runCli } from './cli/run-cli';

void runCli(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
}).then((code) => {
  // `serve` keeps the event loop alive; every other command ends here.
  if (code !== 0) process.exit(code);
});
