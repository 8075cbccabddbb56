// Builds the report page and dashboard gadget to static/reports/dist (settings shared by every Custom UI app).
import { fileURLToPath } from 'node:url';
import { customUiConfig } from '../vite-app-config.mts';

export default customUiConfig(fileURLToPath(new URL('.', import.meta.url)));
