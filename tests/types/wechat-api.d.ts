/** The few parts of wechat-api@1.35.1 (callbacks, no types of its own) the gateway tests drive. */
declare module 'wechat-api' {
  type Callback = (error: (Error & { code?: number; name: string }) | null, data: unknown) => void;

  class API {
    constructor(appid: string, appsecret: string);
    endpoint: string;
    token?: { accessToken: string };
    static mixin(methods: Record<string, unknown>): void;
    preRequest(method: unknown, args: IArguments): void;
    request(url: string, options: unknown, callback: unknown): void;
    getAccessToken(callback: Callback): void;
    uploadImage(filepath: string, callback: Callback): void;
    uploadImageMaterial(filepath: string, callback: Callback): void;
    massSendNews(mediaId: string, receivers: boolean | string, callback: Callback): void;
    getFollowers(callback: Callback): void;
    [method: string]: unknown;
  }
  export = API;
}

declare module 'wechat-api/lib/util.js' {
  export function wrapper(callback: unknown): unknown;
  export function postJSON(data: unknown): unknown;
}
