/** cluster-key-slot@1 (ioredis' own dependency, no types of its own): Redis Cluster's slot of a key. */
declare module 'cluster-key-slot' {
  function calculateSlot(key: string | Buffer): number;
  namespace calculateSlot {
    /** The keys' common slot, or -1 when they are not all in one. */
    function generateMulti(keys: (string | Buffer)[]): number;
  }
  export = calculateSlot;
}
