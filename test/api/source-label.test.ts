// The file name a bundle is shown under, from what the case recorded of its source.
import { describe, expect, it } from 'vitest';
import { sourceFileName, uploadLabel } from '../../shared/api/source-label.js';

describe('the file name of a recorded source', () => {
  it('is the name an uploaded file was chosen under', () => {
    expect(sourceFileName(uploadLabel('natalia-evidence-NAT-1.zip'))).toBe('natalia-evidence-NAT-1.zip');
  });
  it("is a path's last part, whichever separator, a folder's trailing one ignored", () => {
    expect(sourceFileName('/media/usb/copy 2/natalia-evidence-NAT-1.tar.gz')).toBe('natalia-evidence-NAT-1.tar.gz');
    expect(sourceFileName('C:\\Users\\marie\\bag-folder\\')).toBe('bag-folder');
    expect(sourceFileName('bag')).toBe('bag');
  });
});
