// Moved to src for the sandbox (qianfa serve --sandbox); this path keeps the tests' imports working.
export * from '../../src/adapters/platforms/sandbox/fake-weibo-server.js';
