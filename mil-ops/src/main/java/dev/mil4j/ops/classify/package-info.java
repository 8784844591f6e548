/** The classifier op of ML Programs: {@code classify} (iOS15), which turns probabilities into labels. */
package dev.mil4j.ops.classify;
