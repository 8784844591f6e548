#!/usr/bin/python3
"""Writes the field and enum tables of a protobuf schema from the descriptors of its generated Python module.

    /usr/bin/python3 testdata/formats/extract_schema.py onnx.onnx_ml_pb2 \
        "onnx 1.12.0 (onnx/onnx-ml.proto, package onnx)" "onnx 1.12.0" OUT_DIR/onnx

writes OUT_DIR/onnx-fields.tsv and OUT_DIR/onnx-enums.tsv: one row per field of every message (nested ones too) and
one per value of every enum, sorted, under a '#' line naming the source. Map fields have the label 'map' and name
their generated ...Entry message as type; the entry messages themselves are not listed. The first argument is one
generated module or several separated by commas; the files they import from the same package are included. For the
Core ML tables give coremltools' generated modules (coremltools.proto.Model_pb2 imports the others) and the prefix
OUT_DIR/coreml.
"""
import importlib
import sys

from google.protobuf.descriptor import FieldDescriptor

SCALARS = {
    FieldDescriptor.TYPE_DOUBLE: "double", FieldDescriptor.TYPE_FLOAT: "float", FieldDescriptor.TYPE_INT64: "int64",
    FieldDescriptor.TYPE_UINT64: "uint64", FieldDescriptor.TYPE_INT32: "int32", FieldDescriptor.TYPE_FIXED64: "fixed64",
    FieldDescriptor.TYPE_FIXED32: "fixed32", FieldDescriptor.TYPE_BOOL: "bool",
    FieldDescriptor.TYPE_STRING: "string", FieldDescriptor.TYPE_BYTES: "bytes", FieldDescriptor.TYPE_UINT32: "uint32",
    FieldDescriptor.TYPE_SFIXED32: "sfixed32",
    FieldDescriptor.TYPE_SFIXED64: "sfixed64", FieldDescriptor.TYPE_SINT32: "sint32",
    FieldDescriptor.TYPE_SINT64: "sint64",
}


def is_map(field):
    return (field.type == FieldDescriptor.TYPE_MESSAGE and field.label == FieldDescriptor.LABEL_REPEATED
            and field.message_type.GetOptions().map_entry)


def type_name(field):
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        return field.message_type.full_name
    if field.type == FieldDescriptor.TYPE_ENUM:
        return field.enum_type.full_name
    return SCALARS[field.type]


def label(field):
    if is_map(field):
        return "map"
    return "repeated" if field.label == FieldDescriptor.LABEL_REPEATED else "optional"


def walk(message, fields, enums):
    if message.GetOptions().map_entry:
        return
    for f in message.fields:
        oneof = f.containing_oneof.name if f.containing_oneof is not None else ""
        fields.add((message.file.name, message.full_name, f.name, str(f.number), label(f), type_name(f), oneof))
    for e in message.enum_types:
        add_enum(e, enums)
    for nested in message.nested_types:
        walk(nested, fields, enums)


def add_enum(enum, enums):
    for v in enum.values:
        enums.add((enum.file.name, enum.full_name, v.name, str(v.number)))


def write(path, comment, header, rows):
    with open(path, "w") as f:
        f.write(f"# {comment}\n{header}\n")
        for row in sorted(rows):
            f.write("\t".join(row) + "\n")


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    modules, fields_comment, enums_comment, prefix = sys.argv[1].split(","), sys.argv[2], sys.argv[3], sys.argv[4]
    fields, enums, seen = set(), set(), set()
    todo = [importlib.import_module(m).DESCRIPTOR for m in modules]
    while todo:
        file = todo.pop()
        if file.name in seen:
            continue
        seen.add(file.name)
        todo.extend(d for d in file.dependencies if d.package == file.package)
        for m in file.message_types_by_name.values():
            walk(m, fields, enums)
        for e in file.enum_types_by_name.values():
            add_enum(e, enums)
    write(prefix + "-fields.tsv", fields_comment, "file\tmessage\tfield\tnumber\tlabel\ttype\toneof", fields)
    write(prefix + "-enums.tsv", enums_comment, "file\tenum\tvalue\tnumber", enums)


if __name__ == "__main__":
    main()
