package dev.mil4j.frontend.pytorch.graph;

import dev.mil4j.frontend.pytorch.archive.TorchObject;
import dev.mil4j.frontend.pytorch.script.ClassDef;

/** A module object while code runs: its path from the root ({@code ResNet.layer1.0}), the object and its class. */
record ModuleRef(String path, TorchObject object, ClassDef cls) {
}
