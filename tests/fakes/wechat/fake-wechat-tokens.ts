export * from '../../../src/adapters/platforms/sandbox/wechat/fake-wechat-tokens.js';
