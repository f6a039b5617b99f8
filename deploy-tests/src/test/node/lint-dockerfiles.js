// Validates each Dockerfile named on the command line with the parser of the Dockerfile language server:
// unknown instructions, unknown or malformed flags, bad heredocs. Prints one line per problem and exits
// with 1 when there is any.
'use strict';
const fs = require('fs');
const { validate } = require('dockerfile-utils');

let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const problem of validate(fs.readFileSync(file, 'utf8'))) {
    problems++;
    console.log(`${file}:${problem.range.start.line + 1}: ${problem.message}`);
  }
}
process.exit(problems === 0 ? 0 : 1);
