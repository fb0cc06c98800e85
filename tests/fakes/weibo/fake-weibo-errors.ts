export * from '../../../src/adapters/platforms/sandbox/weibo/fake-weibo-errors.js';
