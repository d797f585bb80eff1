"""Small 3D U-Net for the coarse bone-class network. BatchNorm (folded into Conv at export), no InstanceNorm:
statistics must not depend on the size of the volume it runs on."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def block(cin, cout, n=2):
    layers = []
    for i in range(n):
        layers += [nn.Conv3d(cin if i == 0 else cout, cout, 3, padding=1, bias=False), nn.BatchNorm3d(cout),
                   nn.ReLU(inplace=True)]
    return nn.Sequential(*layers)


class UNet3D(nn.Module):
    def __init__(self, n_classes=7, widths=(8, 16, 32, 64, 96)):
        super().__init__()
        self.widths = list(widths)
        self.enc = nn.ModuleList()
        cin = 1
        for i, w in enumerate(widths):
            # full resolution dominates the cost: one conv there, two below
            self.enc.append(block(cin, w, 1 if i == 0 else 2))
            cin = w
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        for i in range(len(widths) - 1, 0, -1):
            self.up.append(nn.ConvTranspose3d(widths[i], widths[i - 1], 2, stride=2))
            self.dec.append(block(2 * widths[i - 1], widths[i - 1], 1 if i == 1 else 2))
        self.head = nn.Conv3d(widths[0], n_classes, 1)
        # training-only heads on the two coarsest decoder levels: direct gradient where "which bone" is decided
        self.aux = nn.ModuleList([nn.Conv3d(widths[-2], n_classes, 1), nn.Conv3d(widths[-3], n_classes, 1)])
        self.deep_supervision = False

    @property
    def size_multiple(self):
        return 2 ** (len(self.widths) - 1)

    def forward(self, x):
        skips = []
        for i, e in enumerate(self.enc):
            if i > 0:
                x = F.max_pool3d(x, 2)
            x = e(x)
            skips.append(x)
        aux = []
        for i, (up, dec, skip) in enumerate(zip(self.up, self.dec, reversed(skips[:-1]))):
            x = dec(torch.cat([up(x), skip], 1))
            if self.deep_supervision and i < len(self.aux):
                aux.append(self.aux[i](x))
        if self.deep_supervision:
            return self.head(x), aux
        return self.head(x)


def model_for(state_dict, n_classes=7):
    """The network a checkpoint holds. An earlier strided-stem variant (BoneNet) trained worse and was removed."""
    if any(k.startswith("stem.") for k in state_dict):
        raise SystemExit("this checkpoint holds the removed BoneNet variant; only UNet3D checkpoints are supported")
    return UNet3D(n_classes)
