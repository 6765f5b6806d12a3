/**
 * HTTP semantics of the origin (RFC 9110/9111): the {@link dev.prism.origin.delivery.Resource} a
 * route answers with, conditional and range requests ({@link dev.prism.origin.http.Responses},
 * {@link dev.prism.origin.http.ByteRanges}), the one exception-to-status table ({@link
 * dev.prism.origin.http.HttpErrors}) and the JSON access log.
 */
@NullMarked
package dev.prism.origin.http;

import org.jspecify.annotations.NullMarked;
