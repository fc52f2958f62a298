'use strict';
// Preloaded with `node -r` into a process under test (and by scripts/bench.mjs): on exit, writes the
// process's peak resident set size in KiB (process.resourceUsage().maxRSS) to $FIPSFIX_MAX_RSS_FILE.
const file = process.env.FIPSFIX_MAX_RSS_FILE;
if (file)
  process.on('exit', () => {
    require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
