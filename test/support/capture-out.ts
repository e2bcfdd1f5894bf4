// What a CLI command writes, kept: the commands take an `Out` (commands/replay.ts) instead of stdout.
export function capture(): { out: { write(s: string): boolean }; text(): string } {
  let text = '';
  return {
    out: {
      write: (s: string) => {
        text += s;
        return true;
      },
    },
    text: () => text,
  };
}
