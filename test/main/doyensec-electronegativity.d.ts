// @doyensec/electronegativity ships no types. Its dist/runner.js sets module.exports to
// `run(options, forCli = false)`; typed here as far as electronegativity.ts reads it.
declare module '@doyensec/electronegativity' {
  namespace run {
    interface Options {
      input: string;
      electronVersionOverride: string | undefined;
      parserPlugins: string[];
      customScan: string[];
      excludeFromScan: string[];
      isRelative: boolean;
      isVerbose: boolean;
    }
    interface Issue {
      severity: { name: string };
      confidence: { name: string };
      id: string;
      file: string;
      location?: { line?: number };
      description?: string;
    }
  }
  function run(options: run.Options, forCli: boolean): Promise<{ issues: run.Issue[]; errors: unknown[] }>;
  export = run;
}
