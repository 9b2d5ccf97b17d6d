// A small application menu: quit, the edit commands (so copy and paste work in text fields on
// macOS), zoom and full screen for counter screens. Reload and devtools only in development.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(options: { productName: string; packaged: boolean; mac: boolean }): Menu {
  const template: MenuItemConstructorOptions[] = [];
  if (options.mac) {
    template.push({
      label: options.productName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  } else {
    template.push({ label: 'File', submenu: [{ role: 'quit' }] });
  }
  template.push({ role: 'editMenu' });
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (!options.packaged) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  template.push({ label: 'View', submenu: view });
  template.push({ role: 'windowMenu' });
  return Menu.buildFromTemplate(template);
}
