/** Gatling simulations against a live Prism origin. */
package dev.prism.loadtest;
