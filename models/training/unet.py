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
        for up, dec, skip in zip(self.up, self.dec, reversed(skips[:-1])):
            x = dec(torch.cat([up(x), skip], 1))
        return self.head(x)
