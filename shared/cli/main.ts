export async function runCli(argv: string[]): Promise<number> {
  process.stdout.write(`natalia-audit ${argv.join(' ')}\n`);
  return 0;
}
