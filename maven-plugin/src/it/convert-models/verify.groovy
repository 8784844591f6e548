// The outputs are in the generated resource root and were copied to target/classes as resources.
def out = new File(basedir, 'target/generated-resources/mil4j')
['mlp.mlpackage', 'small_cnn.mlpackage'].each { name ->
    assert new File(out, "$name/Manifest.json").isFile() : "missing $name"
    assert new File(basedir, "target/classes/$name/Manifest.json").isFile() : "$name is not a resource"
}
def topk = new File(out, 'topk_head.mlmodel')
assert topk.isFile() : 'missing topk_head.mlmodel'
assert new String(topk.bytes, 'ISO-8859-1').contains('CustomTopK') : 'topk_head.mlmodel has no CustomTopK layer'
assert new File(basedir, 'target/classes/topk_head.mlmodel').isFile()

// build.log holds both builds: the first converts every model, the second none
def log = new File(basedir, 'build.log').text
['mlp.onnx', 'small_cnn.onnx', 'topk_head.pb'].each { name ->
    assert log.contains("mil4j: converted $name to ") : "the first build did not convert $name"
}
['mlp.mlpackage', 'small_cnn.mlpackage', 'topk_head.mlmodel'].each { name ->
    assert log.contains("mil4j: $name is up to date") : "the second build converted $name again"
}
return true
