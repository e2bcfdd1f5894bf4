// The native menu. Commands that concern the page (new case, import) are sent
// to it as `menu.command` events; the page decides what to show. Pure: returns
// the template, so tests read it without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/api/contract.js';
import { developerToolsAllowed, type ShellBuild } from './security.js';

export function buildMenuTemplate(send: (command: MenuCommand) => void, platform: NodeJS.Platform, build: ShellBuild): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Case…', accelerator: 'CmdOrCtrl+N', click: () => send('new-case') },
      { type: 'separator' },
      { label: 'Import Bundle…', accelerator: 'CmdOrCtrl+O', click: () => send('import-bundle') },
      { label: 'Import Bag Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => send('open-bag-folder') },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(developerToolsAllowed(build) ? ([{ type: 'separator' }, { role: 'toggleDevTools' }] as const) : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [{ label: 'About Natalia Auditor Workstation', click: () => send('about') }],
  };
  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [{ label: 'Natalia Auditor Workstation', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'quit' }] }]
    : [];
  return [...appMenu, file, edit, view, help];
}
