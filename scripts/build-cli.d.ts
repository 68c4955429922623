export declare function ensureCliBuild(): Promise<void>;
