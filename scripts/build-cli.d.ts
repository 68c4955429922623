export declare const DIST: string;
export declare function cliBuildIsStale(files?: string[]): boolean;
export declare function ensureCliBuild(): Promise<void>;
