// An esbuild plugin for every FipsFix bundle (scripts/build.mjs, scripts/build-exe.mjs): zod
// re-exports all its ~40 message locales as `z.locales`; FipsFix's messages are English and its own,
// so a bundle keeps only zod's default (English) locale (zod-locales-en.mjs): a third less to compile
// at start.
export const englishOnlyZodLocales = {
  name: 'english-only-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('zod')
        ? { path: new URL('./zod-locales-en.mjs', import.meta.url).pathname }
        : undefined,
    );
  },
};
