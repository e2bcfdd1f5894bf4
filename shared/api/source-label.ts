// How the case records where a bundle came from: a path the user gave, or,
// for a file sent from the browser, the name it was chosen under (the
// server's private copy of it is never recorded). And, back from that record,
// the file's name as the user knows it, which tells two imports of one
// export apart on screen.

const UPLOADED = ', uploaded through the browser';

export function uploadLabel(name: string): string {
  return `${name}${UPLOADED}`;
}

/** The file or folder name of a recorded source: the uploaded file's name, or the path's last part. */
export function sourceFileName(recorded: string): string {
  const source = recorded.endsWith(UPLOADED) ? recorded.slice(0, -UPLOADED.length) : recorded;
  const parts = source.split(/[\\/]+/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? source;
}
