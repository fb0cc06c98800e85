export * from '../../../src/adapters/platforms/sandbox/wechat/fake-wechat-publishing.js';
