/**
 * Test fixtures other modules reuse through the store's test-jar: an in-process S3-compatible
 * server ({@link dev.prism.store.testing.S3ProxyFixture}).
 */
@NullMarked
package dev.prism.store.testing;

import org.jspecify.annotations.NullMarked;
