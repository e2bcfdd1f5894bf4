/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: electron-builder require()s its hooks */
// electron-builder afterPack hook: flips the Electron fuses of the packed app,
// then reads them back and fails the build if one did not take.
//   RunAsNode off              ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node
//   NodeOptions off            NODE_OPTIONS is ignored
//   NodeCliInspect off         no --inspect / SIGUSR1 debugger
//   OnlyLoadAppFromAsar on     no code loaded from a loose app/ folder
//   EmbeddedAsarIntegrity on   (macOS, Windows) the asar is checked against its hash
//   CookieEncryption on        the (unused) cookie store is encrypted by the OS
//   GrantFileProtocolExtraPrivileges off   the page is served from app://, never file://
// Uses @electron/fuses, which electron-builder installs as its own dependency.
const fs = require('node:fs');
const path = require('node:path');

module.exports = async function afterPack(context) {
  let fuses;
  try {
    fuses = require('@electron/fuses');
  } catch {
    throw new Error('@electron/fuses is not installed: run `npm ci` (electron-builder depends on it) before packaging.');
  }
  const { flipFuses, getCurrentFuseWire, FuseVersion, FuseV1Options } = fuses;
  const platform = context.electronPlatformName;
  const name = context.packager.appInfo.productFilename;
  const executable = context.packager.executableName ?? context.packager.config.executableName ?? name;
  const candidates = {
    darwin: [`${name}.app`],
    mas: [`${name}.app`],
    win32: [`${executable}.exe`, `${name}.exe`],
    linux: [executable, name],
  }[platform];
  if (!candidates) throw new Error(`after-pack: unknown platform ${platform}`);
  const exe = candidates.map((c) => path.join(context.appOutDir, c)).find((p) => fs.existsSync(p));
  if (!exe) throw new Error(`after-pack: no Electron executable among ${candidates.join(', ')} in ${context.appOutDir}`);

  const wanted = {
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: platform !== 'linux',
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
  await flipFuses(exe, { version: FuseVersion.V1, resetAdHocDarwinSignature: platform === 'darwin' && context.arch === 3, ...wanted });

  const wire = await getCurrentFuseWire(exe);
  for (const [option, value] of Object.entries(wanted)) {
    // The wire holds one byte per fuse: 0x31 ('1') enabled, 0x30 ('0') disabled, 'r' removed.
    const state = wire[option];
    if ((state === 0x31) !== value) {
      throw new Error(`after-pack: fuse ${FuseV1Options[option]} reads ${String.fromCharCode(state)}, expected ${value ? 'on' : 'off'}`);
    }
  }
  console.log(`  • fuses set on ${path.basename(exe)}: RunAsNode off, inspect off, NODE_OPTIONS off, app only from asar, cookie encryption on`);
};
