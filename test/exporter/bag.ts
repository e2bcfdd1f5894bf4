// The BagIt 1.0 layer (RFC 8493, spec §1): payload manifest, tag files, tag
// manifest and the appliance's bundle signature over the tag manifest.
import { join } from 'node:path';
import { sha256Hex } from '../../shared/engine/crypto/hash.js';
import { writeSmallFile, type WrittenFile } from './file-writer.js';
import type { SigningKey } from './keys.js';
import { prettyJson, signObject } from './signed-files.js';

export interface BagInfo {
  sourceOrganization: string;
  baggingDate: string;
  installationId: string;
  applianceVersion: string;
  exportedAt: string;
  exportedBy: string;
  contractMode: string;
}

/** Writes the tag files of a bag whose payload files (bag-relative path -> hash and size) are written. */
export async function writeTagFiles(bagDir: string, payload: Map<string, WrittenFile>, info: BagInfo, key: SigningKey): Promise<void> {
  const paths = [...payload.keys()].sort();
  const manifest = paths.map((p) => `${payload.get(p)!.sha256}  ${p}\n`).join('');
  const octets = paths.reduce((acc, p) => acc + payload.get(p)!.bytes, 0);
  const bagit = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';
  const bagInfo =
    `Source-Organization: ${info.sourceOrganization}\n` +
    `Bagging-Date: ${info.baggingDate}\n` +
    `Payload-Oxum: ${octets}.${paths.length}\n` +
    `External-Identifier: ${info.installationId}\n` +
    'Natalia-Export-Format: 1\n' +
    `Natalia-Installation-Id: ${info.installationId}\n` +
    `Natalia-Appliance-Version: ${info.applianceVersion}\n` +
    `Natalia-Exported-At: ${info.exportedAt}\n` +
    `Natalia-Exported-By: ${info.exportedBy}\n` +
    `Natalia-Contract-Mode: ${info.contractMode}\n`;
  const tags: [string, string][] = [
    ['bagit.txt', bagit],
    ['bag-info.txt', bagInfo],
    ['manifest-sha256.txt', manifest],
  ];
  let tagManifest = '';
  for (const [name, text] of tags) {
    const w = await writeSmallFile(join(bagDir, name), text);
    tagManifest += `${w.sha256}  ${name}\n`;
  }
  await writeSmallFile(join(bagDir, 'tagmanifest-sha256.txt'), tagManifest);
  const signature = signObject(
    'natalia.bundle.v1',
    {
      format: 'natalia.bundle-signature.v1',
      installation_id: info.installationId,
      tagmanifest_sha256: sha256Hex(tagManifest),
      signed_at: info.exportedAt,
    },
    key,
  );
  await writeSmallFile(join(bagDir, 'bundle-signature.json'), prettyJson(signature));
}
