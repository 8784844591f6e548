class Mlp(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  _is_full_backward_hook : Optional[bool]
  l1 : __torch__.torch.nn.modules.linear.___torch_mangle_11.Linear
  l2 : __torch__.torch.nn.modules.linear.___torch_mangle_12.Linear
  l3 : __torch__.torch.nn.modules.linear.___torch_mangle_13.Linear
  def forward(self: __torch__.Mlp,
    x: Tensor) -> Tensor:
    l3 = self.l3
    l2 = self.l2
    l1 = self.l1
    input = torch.tanh((l1).forward(x, ))
    _0 = torch.sigmoid((l2).forward(input, ))
    input0 = torch.mul(_0, input)
    _1 = torch.log_softmax((l3).forward(input0, ), -1)
    return _1
