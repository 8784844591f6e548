package dev.mil4j.frontend.pytorch.graph;

/** How a statement list ended: fell through, or left through {@code break}, {@code continue} or {@code return}. */
enum Flow { NORMAL, BREAK, CONTINUE, RETURN }
