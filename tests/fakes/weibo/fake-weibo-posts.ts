export * from '../../../src/adapters/platforms/sandbox/weibo/fake-weibo-posts.js';
