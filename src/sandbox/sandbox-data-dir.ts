/** The sandbox's own data folder, emptied at each start. Free of simulator imports: the CLI reads it statically. */
export const SANDBOX_DATA_DIR = './sandbox-data';
