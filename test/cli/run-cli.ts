// Runs the CLI from sources in a child process, so tests see real exit codes, stdout and stderr.
import { runCli } from '../../shared/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
