// Stands in for zod's locales index in the CLI bundle (see build.mjs): English only.
export { default as en } from '../node_modules/zod/v4/locales/en.js';
