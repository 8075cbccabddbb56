// Builds the admin page to static/admin/dist (settings shared by every Custom UI app).
import { fileURLToPath } from 'node:url';
import { customUiConfig } from '../vite-app-config.mts';

export default customUiConfig(fileURLToPath(new URL('.', import.meta.url)));
