'use strict';
// Stands in for FipsFix's CLI in the elevated working-directory check: writes the working directory
// it was started in (what the batch file's `cd /d` left) to the file named by its one argument.
require('fs').writeFileSync(process.argv[2], JSON.stringify({ cwd: process.cwd() }));
