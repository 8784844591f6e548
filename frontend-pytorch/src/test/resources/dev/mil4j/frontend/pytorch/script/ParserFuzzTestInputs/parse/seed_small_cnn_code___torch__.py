class SmallCnn(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  _is_full_backward_hook : Optional[bool]
  conv1 : __torch__.torch.nn.modules.conv.Conv2d
  bn1 : __torch__.torch.nn.modules.batchnorm.BatchNorm2d
  conv2 : __torch__.torch.nn.modules.conv.___torch_mangle_2.Conv2d
  bn2 : __torch__.torch.nn.modules.batchnorm.___torch_mangle_3.BatchNorm2d
  fc : __torch__.torch.nn.modules.linear.___torch_mangle_4.Linear
  def forward(self: __torch__.SmallCnn,
    x: Tensor) -> Tensor:
    fc = self.fc
    bn2 = self.bn2
    conv2 = self.conv2
    bn1 = self.bn1
    conv1 = self.conv1
    _0 = (bn1).forward((conv1).forward(x, ), )
    input = torch.relu(_0)
    input0 = torch.max_pool2d(input, [2, 2], annotate(List[int], []), [0, 0], [1, 1])
    _1 = (bn2).forward((conv2).forward(input0, ), )
    input1 = torch.relu6(_1)
    x0 = torch.adaptive_avg_pool2d(input1, [4, 4])
    input2 = torch.flatten(x0, 1)
    _2 = torch.softmax((fc).forward(input2, ), 1)
    return _2
