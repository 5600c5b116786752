/**
 * The DICOM attributes of each demo image, module by module, for the five storage SOP classes of
 * the corpus (CT, MR, PET, digital mammography for presentation, ultrasound). The corpus stands
 * for de-identified data: pseudonymous patient, year-only birth date, no institution or people.
 */
import { el, type DicomDataset, type DicomElement } from '../../dicom/write-part10.js';
import { sopClasses, tags as T } from '../../dicom/tags.js';
import type { PatientPlan, SeriesPlan, StudyPlan } from './plan.js';
import { softwareVersions } from './scanners.js';
import type { ImagingModality } from './protocols.js';

export function sopClassOf(modality: ImagingModality): string {
  switch (modality) {
    case 'CT':
      return sopClasses.ctImage;
    case 'MR':
      return sopClasses.mrImage;
    case 'PT':
      return sopClasses.petImage;
    case 'MG':
      return sopClasses.digitalMammographyForPresentation;
    case 'US':
      return sopClasses.ultrasoundImage;
    default: {
      const never: never = modality;
      throw new Error(`no SOP class for ${String(never)}`);
    }
  }
}

const code = (value: string, scheme: string, meaning: string): DicomDataset => [
  el(T.CodeValue, 'SH', value),
  el(T.CodingSchemeDesignator, 'SH', scheme),
  el(T.CodeMeaning, 'LO', meaning),
];

const pairedBodyParts = new Set(['BREAST', 'LUNG', 'KIDNEY', 'ADRENAL']);

/** Patient, General Study, Patient Study, General Series, General Equipment, Frame of Reference. */
export function seriesElements(p: PatientPlan, st: StudyPlan, se: SeriesPlan): DicomElement[] {
  const t = se.template;
  const out: DicomElement[] = [
    el(T.SOPClassUID, 'UI', sopClassOf(t.modality)),
    el(T.StudyDate, 'DA', st.dicomDate),
    el(T.SeriesDate, 'DA', st.dicomDate),
    el(T.StudyTime, 'TM', st.time),
    el(T.SeriesTime, 'TM', se.time),
    el(T.AccessionNumber, 'SH', ''),
    el(T.Modality, 'CS', t.modality),
    el(T.Manufacturer, 'LO', se.scanner.manufacturer),
    el(T.ReferringPhysicianName, 'PN', ''),
    el(T.StudyDescription, 'LO', st.description),
    el(T.SeriesDescription, 'LO', t.description),
    el(T.ManufacturerModelName, 'LO', se.scanner.model),
    el(T.PatientName, 'PN', p.pseudonym),
    el(T.PatientID, 'LO', p.pseudonym),
    el(T.PatientBirthDate, 'DA', `${p.birthYear}0101`),
    el(T.PatientSex, 'CS', p.sex),
    el(T.PatientAge, 'AS', `${String(st.patientAge).padStart(3, '0')}Y`),
    el(T.PatientSize, 'DS', p.heightM),
    el(T.PatientWeight, 'DS', p.weightKg),
    el(T.PatientIdentityRemoved, 'CS', 'YES'),
    el(T.DeidentificationMethod, 'LO', 'CIE synthetic demo data'),
    el(T.DeidentificationMethodCodeSequence, 'SQ', [
      code('113100', 'DCM', 'Basic Application Confidentiality Profile'),
    ]),
    el(T.BodyPartExamined, 'CS', t.bodyPart),
    el(T.SoftwareVersions, 'LO', softwareVersions(se.scanner)),
    el(T.ProtocolName, 'LO', `${st.description} ${t.description}`.slice(0, 64)),
    el(T.StudyInstanceUID, 'UI', st.uid),
    el(T.SeriesInstanceUID, 'UI', se.uid),
    el(T.StudyID, 'SH', String(st.index)),
    el(T.SeriesNumber, 'IS', se.number),
    el(T.LossyImageCompression, 'CS', '00'),
    el(T.BurnedInAnnotation, 'CS', 'NO'),
  ];
  if (t.modality !== 'MG' && t.modality !== 'US') {
    out.push(
      el(T.FrameOfReferenceUID, 'UI', st.frameOfReferenceUid),
      el(T.PositionReferenceIndicator, 'LO', ''),
    );
  }
  // General Series Laterality is required for paired organs unless Image Laterality says it;
  // cross-sectional images of both sides say "B".
  if (t.modality !== 'MG' && t.modality !== 'US' && pairedBodyParts.has(t.bodyPart)) {
    out.push(el(T.ImageLaterality, 'CS', 'B'));
  }
  if (t.modality === 'CT' || t.modality === 'MR') {
    out.push(el(T.PatientPosition, 'CS', t.anatomy === 'breast' ? 'HFP' : 'HFS'));
  }
  return out;
}

interface MrParams {
  scanningSequence: string[];
  sequenceVariant: string[];
  scanOptions: string;
  acquisitionType: '2D' | '3D';
  tr: number;
  te: number;
  ti?: number;
  echoTrain: number;
  flip: number;
}

function mrParams(description: string, contrast: string): MrParams {
  if (contrast === 'DWI' || contrast === 'ADC') {
    return {
      scanningSequence: ['EP'],
      sequenceVariant: ['SK', 'SP'],
      scanOptions: 'FS',
      acquisitionType: '2D',
      tr: 5200,
      te: 68,
      echoTrain: 1,
      flip: 90,
    };
  }
  if (contrast === 'FLAIR') {
    return {
      scanningSequence: ['SE', 'IR'],
      sequenceVariant: ['SK', 'SP', 'MP'],
      scanOptions: '',
      acquisitionType: '2D',
      tr: 9000,
      te: 85,
      ti: 2500,
      echoTrain: 16,
      flip: 150,
    };
  }
  if (/MPRAGE/.test(description)) {
    return {
      scanningSequence: ['GR', 'IR'],
      sequenceVariant: ['SK', 'SP', 'MP'],
      scanOptions: '',
      acquisitionType: '3D',
      tr: 2300,
      te: 2.3,
      ti: 900,
      echoTrain: 1,
      flip: 8,
    };
  }
  if (/VIBE|FL3D|DCE/.test(description)) {
    return {
      scanningSequence: ['GR'],
      sequenceVariant: ['SK', 'SP', 'SS'],
      scanOptions: 'FS',
      acquisitionType: '3D',
      tr: 4.5,
      te: 1.9,
      echoTrain: 1,
      flip: 12,
    };
  }
  if (contrast === 'T2') {
    return {
      scanningSequence: ['SE'],
      sequenceVariant: ['SK', 'SP', 'OSP'],
      scanOptions: 'PFP',
      acquisitionType: '2D',
      tr: 4500,
      te: 100,
      echoTrain: 18,
      flip: 150,
    };
  }
  return {
    scanningSequence: ['SE'],
    sequenceVariant: ['SK', 'SP'],
    scanOptions: '',
    acquisitionType: '2D',
    tr: 600,
    te: 12,
    echoTrain: 3,
    flip: 150,
  };
}

/** MR Image module (series-constant part). */
export function mrElements(se: SeriesPlan): DicomElement[] {
  const t = se.template;
  const m = mrParams(t.description, t.contrast);
  const b0 = se.scanner.fieldStrength ?? 1.5;
  const out: DicomElement[] = [
    el(
      T.ImageType,
      'CS',
      t.contrast === 'ADC' ? ['DERIVED', 'PRIMARY', 'OTHER', 'ADC'] : ['ORIGINAL', 'PRIMARY', 'OTHER'],
    ),
    el(T.ScanningSequence, 'CS', m.scanningSequence),
    el(T.SequenceVariant, 'CS', m.sequenceVariant),
    el(T.ScanOptions, 'CS', m.scanOptions),
    el(T.MRAcquisitionType, 'CS', m.acquisitionType),
    el(T.RepetitionTime, 'DS', m.tr),
    el(T.EchoTime, 'DS', m.te),
    el(T.EchoTrainLength, 'IS', m.echoTrain),
    el(T.NumberOfAverages, 'DS', 1),
    el(T.ImagingFrequency, 'DS', Math.round(42.577478 * b0 * 1e4) / 1e4),
    el(T.ImagedNucleus, 'SH', '1H'),
    el(T.MagneticFieldStrength, 'DS', b0),
    el(T.SpacingBetweenSlices, 'DS', t.spacing ?? t.sliceThickness ?? 1),
    el(T.FlipAngle, 'DS', m.flip),
  ];
  if (m.ti !== undefined) out.push(el(T.InversionTime, 'DS', m.ti));
  return out;
}

const kernels: Record<string, [soft: string, sharp: string]> = {
  SIEMENS: ['B30f', 'B70f'],
  'Siemens Healthineers': ['Br40d', 'Bl57d'],
  'GE MEDICAL SYSTEMS': ['STANDARD', 'LUNG'],
  Philips: ['B', 'YB'],
  TOSHIBA: ['FC08', 'FC52'],
};

/** CT Image module (series-constant part). */
export function ctElements(p: PatientPlan, se: SeriesPlan): DicomElement[] {
  const t = se.template;
  const sharp = /LUNG/.test(t.description);
  const [soft, lung] = kernels[se.scanner.manufacturer] ?? ['STANDARD', 'LUNG'];
  return [
    el(
      T.ImageType,
      'CS',
      t.derived ? ['DERIVED', 'SECONDARY', 'REFORMATTED'] : ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    ),
    el(T.KVP, 'DS', p.ageAtDiagnosis < 16 ? 80 : 120),
    el(T.ReconstructionDiameter, 'DS', t.fov),
    el(T.DistanceSourceToDetector, 'DS', 1040),
    el(T.ExposureTime, 'IS', 500),
    el(T.XRayTubeCurrent, 'IS', p.ageAtDiagnosis < 16 ? 90 : 220),
    el(T.ConvolutionKernel, 'SH', sharp ? lung : soft),
    el(T.RescaleIntercept, 'DS', -1024),
    el(T.RescaleSlope, 'DS', 1),
    el(T.RescaleType, 'LO', 'HU'),
  ];
}

/** PET Series, PET Isotope, NM/PET Patient Orientation and PET Image modules (series part). */
export function petElements(p: PatientPlan, st: StudyPlan, se: SeriesPlan, slope: number): DicomElement[] {
  const injection = `${String(Number(se.time.slice(0, 2)) - 1).padStart(2, '0')}${se.time.slice(2)}`;
  return [
    el(T.ImageType, 'CS', ['ORIGINAL', 'PRIMARY']),
    el(T.AcquisitionDate, 'DA', st.dicomDate),
    el(T.AcquisitionTime, 'TM', se.time),
    el(T.Units, 'CS', 'BQML'),
    el(T.CountsSource, 'CS', 'EMISSION'),
    el(T.SeriesType, 'CS', ['WHOLE BODY', 'IMAGE']),
    el(T.NumberOfSlices, 'US', se.images),
    el(T.CorrectedImage, 'CS', ['DECY', 'ATTN', 'SCAT', 'DTIM', 'RAN', 'NORM']),
    el(T.RandomsCorrectionMethod, 'CS', 'DLYD'),
    el(T.AttenuationCorrectionMethod, 'LO', 'CT-derived mu-map'),
    el(T.DecayCorrection, 'CS', 'START'),
    el(T.ReconstructionMethod, 'LO', 'OSEM 3i21s'),
    el(T.CollimatorType, 'CS', 'NONE'),
    el(T.ActualFrameDuration, 'IS', 180000),
    el(T.RescaleIntercept, 'DS', 0),
    el(T.RescaleSlope, 'DS', slope),
    el(T.DecayFactor, 'DS', 1.0321),
    el(T.DoseCalibrationFactor, 'DS', 1),
    el(T.DeadTimeFactor, 'DS', 1.0124),
    el(T.RadiopharmaceuticalInformationSequence, 'SQ', [
      [
        el(T.Radiopharmaceutical, 'LO', 'Fluorodeoxyglucose'),
        el(T.RadiopharmaceuticalStartTime, 'TM', injection),
        el(T.RadionuclideTotalDose, 'DS', Math.round(p.weightKg * 3.7e6)),
        el(T.RadionuclideHalfLife, 'DS', 6586.2),
        el(T.RadionuclidePositronFraction, 'DS', 0.9673),
        el(T.RadionuclideCodeSequence, 'SQ', [code('77004003', 'SCT', '^18^Fluorine')]),
        el(T.RadiopharmaceuticalCodeSequence, 'SQ', [code('35321007', 'SCT', 'Fluorodeoxyglucose F^18^')]),
      ],
    ]),
    el(T.PatientOrientationCodeSequence, 'SQ', [
      [
        ...code('102538003', 'SCT', 'recumbent'),
        el(T.PatientOrientationModifierCodeSequence, 'SQ', [code('40199007', 'SCT', 'supine')]),
      ],
    ]),
    el(T.PatientGantryRelationshipCodeSequence, 'SQ', [code('399488007', 'SCT', 'headfirst')]),
  ];
}

export type MammoViewName = 'RCC' | 'LCC' | 'RMLO' | 'LMLO';

/** Mammography and DX modules of one view. */
export function mammographyElements(view: MammoViewName, p: PatientPlan): DicomElement[] {
  const right = view[0] === 'R';
  const cc = view.endsWith('CC');
  return [
    el(T.ImageType, 'CS', ['ORIGINAL', 'PRIMARY', '']),
    el(T.PresentationIntentType, 'CS', 'FOR PRESENTATION'),
    el(T.ImageLaterality, 'CS', right ? 'R' : 'L'),
    el(T.PatientOrientation, 'CS', cc ? (right ? ['P', 'L'] : ['A', 'R']) : right ? ['P', 'F'] : ['A', 'F']),
    el(T.AnatomicRegionSequence, 'SQ', [code('76752008', 'SCT', 'Breast')]),
    el(T.ViewCodeSequence, 'SQ', [
      [
        ...(cc
          ? code('399162004', 'SCT', 'cranio-caudal')
          : code('399368009', 'SCT', 'medio-lateral oblique')),
        el(T.ViewModifierCodeSequence, 'SQ', []),
      ],
    ]),
    el(T.PositionerType, 'CS', 'MAMMOGRAPHIC'),
    el(T.DetectorType, 'CS', 'DIRECT'),
    el(T.ImagerPixelSpacing, 'DS', [1.875, 1.875]),
    el(T.DistanceSourceToDetector, 'DS', 660),
    el(T.DistanceSourceToPatient, 'DS', 640),
    el(T.BodyPartThickness, 'DS', Math.round(45 + p.weightKg / 4)),
    el(T.CompressionForce, 'DS', 110),
    el(T.KVP, 'DS', 29),
    el(T.OrganExposed, 'CS', 'BREAST'),
    el(T.BreastImplantPresent, 'CS', 'NO'),
    el(T.PixelIntensityRelationship, 'CS', 'LOG'),
    el(T.PixelIntensityRelationshipSign, 'SS', 1),
    el(T.RescaleIntercept, 'DS', 0),
    el(T.RescaleSlope, 'DS', 1),
    el(T.RescaleType, 'LO', 'US'),
    el(T.PresentationLUTShape, 'CS', 'IDENTITY'),
    el(T.AcquisitionContextSequence, 'SQ', []),
    el(T.WindowCenter, 'DS', 1700),
    el(T.WindowWidth, 'DS', 2600),
  ];
}

/** US Image module (series part). */
export function ultrasoundElements(right: boolean): DicomElement[] {
  return [
    el(T.ImageType, 'CS', ['ORIGINAL', 'PRIMARY', 'BREAST', '0001']),
    el(T.Laterality, 'CS', right ? 'R' : 'L'),
    el(T.PatientOrientation, 'CS', ''),
  ];
}

/** Image Pixel module for grey-scale images. */
export function pixelModule(
  rows: number,
  columns: number,
  bits: 8 | 12 | 16,
  pixels: Uint8Array,
): DicomElement[] {
  const allocated = bits === 8 ? 8 : 16;
  return [
    el(T.SamplesPerPixel, 'US', 1),
    el(T.PhotometricInterpretation, 'CS', 'MONOCHROME2'),
    el(T.Rows, 'US', rows),
    el(T.Columns, 'US', columns),
    el(T.BitsAllocated, 'US', allocated),
    el(T.BitsStored, 'US', bits),
    el(T.HighBit, 'US', bits - 1),
    el(T.PixelRepresentation, 'US', 0),
    el(T.PixelData, allocated === 8 ? 'OB' : 'OW', pixels),
  ];
}
