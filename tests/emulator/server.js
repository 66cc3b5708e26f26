// telegram-test-api, a third-party Telegram Bot API emulator, on 127.0.0.1:<port> for tests/test_emulator.py.
// Bots call <url>/bot<token>/<method>; the test plays the user through the emulator's client API.
const TelegramServer = require('telegram-test-api');

const port = Number(process.argv[2] || 9000);
(async () => {
  const server = new TelegramServer({port, host: '127.0.0.1', storeTimeout: 600});
  await server.start();
  console.log(`listening ${server.config.apiURL}`);
  const stop = async () => { await server.stop(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
})();
