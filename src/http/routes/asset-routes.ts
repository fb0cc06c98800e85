import { join } from 'node:path';
import { Router } from 'express';
import { DEFAULT_ASSETS_DIR } from '../../package-dirs.js';
import { pageScriptUrl, type PageScript } from '../../pages/page-layout.js';

/** The pages' script files. Scripts are files because the CSP allows no inline script. */
const PAGE_SCRIPTS: Record<PageScript, string> = {
  /** The writing page's live check, paste and cover chooser. */
  'editor.js': join(DEFAULT_ASSETS_DIR, 'editor', 'editor.js'),
  /** Chinese validation messages for every form (loaded by every page that has a mount path to load it from). */
  'forms.js': join(DEFAULT_ASSETS_DIR, 'forms', 'forms.js'),
};

export function assetRoutes(): Router {
  const router = Router();
  for (const [name, file] of Object.entries(PAGE_SCRIPTS)) {
    router.get(pageScriptUrl('', name as PageScript), (_req, res) => {
      res.type('text/javascript').sendFile(file);
    });
  }
  return router;
}
