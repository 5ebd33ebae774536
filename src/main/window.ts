/**
 * The one secure BrowserWindow factory. Every window of the app comes from here, so the security settings are
 * decided once: an isolated, sandboxed renderer without Node, no webviews, no navigation away from the app, no
 * new windows, no permission grants. The Content-Security-Policy is in the renderer's index.html (file:// pages
 * get no response headers) and is asserted by a unit test and by Electronegativity.
 */
import { BrowserWindow, nativeTheme, session } from 'electron';
import { WINDOW_BACKGROUND, windowOptions } from './window-options';

/** Denies every permission request and check (camera, notifications, clipboard-read, …) for the default session. */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

export function createMainWindow(opts: { preloadPath: string; indexUrl: string }): BrowserWindow {
  nativeTheme.themeSource = 'system';
  const win = new BrowserWindow(windowOptions(opts.preloadPath, nativeTheme.shouldUseDarkColors));
  const wc = win.webContents;

  // The app is one page: any navigation elsewhere (a dropped file, a link, a redirect) is refused.
  wc.on('will-navigate', (event, url) => {
    if (url !== opts.indexUrl) event.preventDefault();
  });
  wc.on('will-redirect', (event) => event.preventDefault());
  wc.on('will-attach-webview', (event) => event.preventDefault());
  // Links that should open in a browser go through app.openExternal (https: only, decided in main).
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));

  nativeTheme.on('updated', () => {
    win.setBackgroundColor(nativeTheme.shouldUseDarkColors ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light);
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.indexUrl);
  return win;
}
