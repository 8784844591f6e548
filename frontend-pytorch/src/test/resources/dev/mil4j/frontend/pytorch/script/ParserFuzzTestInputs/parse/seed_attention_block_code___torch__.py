class Attention(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  _is_full_backward_hook : Optional[bool]
  norm1 : __torch__.torch.nn.modules.normalization.LayerNorm
  qkv : __torch__.torch.nn.modules.linear.___torch_mangle_18.Linear
  proj : __torch__.torch.nn.modules.linear.___torch_mangle_19.Linear
  norm2 : __torch__.torch.nn.modules.normalization.___torch_mangle_20.LayerNorm
  fc1 : __torch__.torch.nn.modules.linear.___torch_mangle_21.Linear
  fc2 : __torch__.torch.nn.modules.linear.___torch_mangle_22.Linear
  def forward(self: __torch__.Attention,
    x: Tensor) -> Tensor:
    fc2 = self.fc2
    fc1 = self.fc1
    norm2 = self.norm2
    proj = self.proj
    qkv = self.qkv
    norm1 = self.norm1
    b = ops.prim.NumToTensor(torch.size(x, 0))
    _0 = int(b)
    _1 = int(b)
    _2 = int(b)
    _3 = int(b)
    t = ops.prim.NumToTensor(torch.size(x, 1))
    _4 = int(t)
    _5 = int(t)
    _6 = int(t)
    _7 = int(t)
    d = ops.prim.NumToTensor(torch.size(x, 2))
    _8 = int(d)
    _9 = (qkv).forward((norm1).forward(x, ), )
    q, k, v, = torch.chunk(_9, 3, -1)
    _10 = int(torch.floor_divide(d, CONSTANTS.c0))
    q0 = torch.permute(torch.reshape(q, [_3, _7, 4, _10]), [0, 2, 1, 3])
    _11 = int(torch.floor_divide(d, CONSTANTS.c0))
    k0 = torch.permute(torch.reshape(k, [_2, _6, 4, _11]), [0, 2, 3, 1])
    _12 = int(torch.floor_divide(d, CONSTANTS.c0))
    v0 = torch.permute(torch.reshape(v, [_1, _5, 4, _12]), [0, 2, 1, 3])
    _13 = torch.matmul(q0, k0)
    _14 = torch.pow(torch.floor_divide(d, CONSTANTS.c0), 0.5)
    att = torch.softmax(torch.div(_13, _14), -1)
    _15 = torch.permute(torch.matmul(att, v0), [0, 2, 1, 3])
    input = torch.reshape(_15, [_0, _4, _8])
    input0 = torch.add(x, (proj).forward(input, ))
    _16 = (fc1).forward((norm2).forward(input0, ), )
    input1 = torch.gelu(_16)
    _17 = torch.add(input0, (fc2).forward(input1, ))
    return _17
