// Starts dynalite (DynamoDB on LevelDB) for the local cloud.
// argv: <dynalite module dir> <host> <port, 0 = any free> [<LevelDB path>]
// Prints "listening <port>" once ready. Exits when its standard input closes, so it never outlives
// the Java process that started it.
'use strict';
const [moduleDir, host, port, dataPath] = process.argv.slice(2);
const dynalite = require(moduleDir);
const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
if (dataPath) {
  options.path = dataPath;
}
const server = dynalite(options);
server.listen(Number(port), host, () => {
  process.stdout.write('listening ' + server.address().port + '\n');
});
server.on('error', (err) => {
  process.stderr.write('dynalite failed: ' + err.message + '\n');
  process.exit(1);
});
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => server.close(() => process.exit(0)));
