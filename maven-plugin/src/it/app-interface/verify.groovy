// The written ML Program, read with mil4j's own reader (the plugin project's test class path is the script's):
// an image input, a classifier's two outputs and names, the labels inside classify, and the metadata.
import dev.mil4j.spec.MlPackage

def pkg = new File(basedir, 'target/generated-resources/mil4j/cnn_softmax.mlpackage')
assert new File(pkg, 'Manifest.json').isFile() : 'missing cnn_softmax.mlpackage'
assert new File(basedir, 'target/classes/cnn_softmax.mlpackage/Manifest.json').isFile() : 'not a resource'
def model = MlPackage.read(pkg.toPath()).model()
def d = model.description

assert d.inputList*.name == ['image']
def image = d.getInput(0).type.imageType
assert d.getInput(0).type.hasImageType() : "the input is not an image: ${d.getInput(0).type}"
assert image.colorSpace.name() == 'BGR' && image.width == 32 && image.height == 32
assert d.getInput(0).shortDescription == 'A 32x32 photo.'

assert d.outputList*.name == ['animal', 'animal_probs']
assert d.getOutput(0).type.hasStringType()
assert d.getOutput(0).shortDescription == 'The most likely animal.'
assert d.getOutput(1).type.dictionaryType.hasStringKeyType()
assert d.predictedFeatureName == 'animal' && d.predictedProbabilitiesName == 'animal_probs'

def block = model.mlProgram.functionsMap['main'].blockSpecializationsMap.values().iterator().next()
def ops = block.operationsList
assert ops[1].type == 'mul' && ops[1].getOutputs(0).name == 'image__scaled__' : 'no scale op first'
assert ops[3].type == 'add' && ops[3].getOutputs(0).name == 'image__biased__' : 'no bias op after it'
def classify = ops[-1]
assert classify.type == 'classify'
def labels = classify.inputsMap['classes'].getArguments(0).value.immediateValue.list.valuesList
assert labels.collect { it.immediateValue.tensor.strings.getValues(0) } == ['cat', 'dog', 'bird', 'fish', 'frog']

def m = d.metadata
assert m.author == 'mil4j tests' && m.license == 'BSD-3-Clause' && m.versionString == '1.0.0'
assert m.shortDescription == 'A 32x32 animal classifier.'
assert m.userDefinedMap['dataset'] == 'none'
return true
